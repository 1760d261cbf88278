/** Saves a base64 file through a temporary <a download> on a blob: URL (allowed by the CSP). */
export function saveDownload(file: { filename: string; mime: string; base64: string }): void {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The amount the clerk typed ("22,21", "1.234,56") in cents, or the Italian reason it is not one. */
export { parseAmountIt } from '../../../electron/core/forms/amounts';

export const formatEuroInput = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');
