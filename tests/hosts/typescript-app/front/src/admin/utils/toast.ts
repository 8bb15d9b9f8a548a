export const toast = { info: (message: string) => console.info(message), error: (message: string) => console.error(message) };
