/** Codes said in words for a user, from a table; a code the table lacks is shown as it is. */
export const inWords =
  (words: Readonly<Record<string, string>>) =>
  (code: string): string =>
    words[code] ?? code;
