/** Content-Disposition for a download, safe for any file name (RFC 6266 with an ASCII fallback). */
export function attachment(filename: string): Record<string, string> {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return {
    'content-disposition': `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
  };
}
