export const toast = { info: (m) => console.info(m), error: (m) => console.error(m) };
