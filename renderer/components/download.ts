/** Saves a file the back end sent as base64 (PDF, CSV) through a temporary blob: link (allowed by the CSP). */
export function saveDownload(file: { filename: string; mime: string; base64: string }): void {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A PDF the back end sent as base64 (certificates, self-declarations, the closing report). */
export function savePdf(filename: string, base64: string): void {
  saveDownload({ filename, mime: 'application/pdf', base64 });
}
