import { useQuery } from '@tanstack/react-query'
import { api } from '../api/client'

// The proposals list, cached under the `proposals` key (filters extend it).
export function useProposals(filters = {}) {
  return useQuery({
    queryKey: ['proposals', filters],
    queryFn: () => api.get('/api/proposals'),
  })
}
