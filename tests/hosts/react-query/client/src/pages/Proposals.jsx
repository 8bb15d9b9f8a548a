import { useProposals } from '../hooks/useProposals'

export default function Proposals() {
  const { data: proposals = [], isPending } = useProposals()

  return (
    <section>
      <h1>Proposals</h1>
      {isPending && <p>Loading</p>}
      <ul>
        {proposals.map((proposal) => (
          <li key={proposal.id} data-testid={`proposal-row-${proposal.id}`}>
            {proposal.title} ({proposal.status}) {proposal.amount}
          </li>
        ))}
      </ul>
    </section>
  )
}
