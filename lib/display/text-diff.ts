/** A piece of a word diff: text kept, taken out, or put in. */
export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** Above this many cells the word table would be too big to build per request: show whole texts instead. */
const MAX_CELLS = 4_000_000;

/** Words and the runs of space between them, each its own token. */
function tokens(text: string): string[] {
  return text.split(/(\s+)/).filter((token) => token !== '');
}

/**
 * The words (and spaces) removed from `before` and added in `after`, by a longest
 * common subsequence of words, so an editor sees exactly what a correction changes.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ kind: 'same', text: before }] : [];
  const a = tokens(before);
  const b = tokens(after);
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...(before ? [{ kind: 'removed' as const, text: before }] : []),
      ...(after ? [{ kind: 'added' as const, text: after }] : []),
    ];
  }
  // lcs[i][j]: the length of the longest common subsequence of a[i..] and b[j..].
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    const last = parts[parts.length - 1];
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i]!);
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) push('removed', a[i++]!);
    else push('added', b[j++]!);
  }
  while (i < a.length) push('removed', a[i++]!);
  while (j < b.length) push('added', b[j++]!);
  return joinChangesAcrossSpaces(parts);
}

const isChange = (part: DiffPart | undefined) => part !== undefined && part.kind !== 'same';

/**
 * Changed words separated only by a space read as one change: "Monday 16" → "Tuesday 17" shows
 * `[Monday 16][Tuesday 17]`, not `[Monday][Tuesday] [16][17]`. A run of changes and the spaces
 * between them becomes one removal followed by one addition.
 */
function joinChangesAcrossSpaces(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let k = 0;
  while (k < parts.length) {
    if (!isChange(parts[k])) {
      out.push(parts[k++]!);
      continue;
    }
    let removed = '';
    let added = '';
    for (;;) {
      while (isChange(parts[k])) {
        const part = parts[k++]!;
        if (part.kind === 'removed') removed += part.text;
        else added += part.text;
      }
      const gap = parts[k];
      if (gap && /^\s+$/.test(gap.text) && isChange(parts[k + 1])) {
        removed += gap.text;
        added += gap.text;
        k++;
      } else break;
    }
    // A change that only took words out or only put words in keeps its own spaces as they were.
    if (removed && !added) out.push({ kind: 'removed', text: removed });
    else if (added && !removed) out.push({ kind: 'added', text: added });
    else {
      out.push({ kind: 'removed', text: removed });
      out.push({ kind: 'added', text: added });
    }
  }
  return out;
}
