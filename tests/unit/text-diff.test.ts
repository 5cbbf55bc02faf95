import { describe, expect, test } from 'vitest';
import { diffWords, type DiffPart } from '@/lib/display/text-diff';

const rebuild = (parts: DiffPart[], side: 'before' | 'after') =>
  parts
    .filter((part) => part.kind === 'same' || part.kind === (side === 'before' ? 'removed' : 'added'))
    .map((part) => part.text)
    .join('');

describe('diffWords', () => {
  test('identical texts are one unchanged part; empty texts are nothing', () => {
    expect(diffWords('The same words.', 'The same words.')).toEqual([{ kind: 'same', text: 'The same words.' }]);
    expect(diffWords('', '')).toEqual([]);
  });

  test('neighbouring changed words separated only by a space are one change', () => {
    const parts = diffWords('announced on Monday 16 December 2024.', 'announced on Tuesday 17 December 2024.');
    expect(parts).toEqual([
      { kind: 'same', text: 'announced on ' },
      { kind: 'removed', text: 'Monday 16' },
      { kind: 'added', text: 'Tuesday 17' },
      { kind: 'same', text: ' December 2024.' },
    ]);
  });

  test('changes separated by an unchanged word stay apart', () => {
    const parts = diffWords('one red fish', 'two red cats');
    expect(parts.filter((part) => part.kind === 'removed').map((part) => part.text)).toEqual(['one', 'fish']);
    expect(parts.filter((part) => part.kind === 'added').map((part) => part.text)).toEqual(['two', 'cats']);
  });

  test('words only added or only removed are shown as such', () => {
    const added = diffWords('the sanctions took effect', 'the new sanctions took effect').filter((part) => part.kind !== 'same');
    expect(added).toHaveLength(1);
    expect(added[0]?.kind).toBe('added');
    expect(added[0]?.text.trim()).toBe('new');
    const removed = diffWords('a very big dog', 'a dog').filter((part) => part.kind !== 'same');
    expect(removed).toHaveLength(1);
    expect(removed[0]?.kind).toBe('removed');
    expect(removed[0]?.text.trim()).toBe('very big');
  });

  test.each([
    ['The Pentagon said 10,000 troops.', 'The Pentagon now says as many as 12,000 troops were sent.'],
    ['a b c d e', 'e d c b a'],
    ['  spaced   out  ', 'spaced out'],
    ['Ukraine’s claim', 'Україна заявила'],
  ])('either side can be rebuilt from the parts: %s → %s', (before, after) => {
    const parts = diffWords(before, after);
    expect(rebuild(parts, 'before')).toBe(before);
    expect(rebuild(parts, 'after')).toBe(after);
  });
});
