/** `"k=v"`, `"k"` (empty value), `"k=v,k2=v2"` → labels, as steps write them. */
export function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const item of text.split(',')) {
    const trimmed = item.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    const key = eq === -1 ? trimmed : trimmed.slice(0, eq).trim();
    if (!/^([a-zA-Z0-9.-]+\/)?[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9])?$/.test(key)) {
      throw new Error(`not a label key: "${key}" in "${text}"`);
    }
    labels[key] = eq === -1 ? '' : trimmed.slice(eq + 1).trim();
  }
  return labels;
}
