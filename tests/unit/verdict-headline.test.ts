import { describe, expect, it } from 'vitest';
import { headlineBesideRating } from '@/lib/display/verdict-headline';

describe('headlineBesideRating (issue 14: no "Accurate Accurate:" on the desk)', () => {
  it('leaves out a leading rating name already shown by the badge', () => {
    expect(headlineBesideRating('Accurate: the EU sanctioned No Kwang Chol', 'Accurate')).toBe('The EU sanctioned No Kwang Chol');
    expect(headlineBesideRating('mostly inaccurate:  nothing supports it', 'Mostly inaccurate')).toBe('Nothing supports it');
  });

  it('keeps any other headline as it is', () => {
    expect(headlineBesideRating('Accurately counted: 11 individuals', 'Accurate')).toBe('Accurately counted: 11 individuals');
    expect(headlineBesideRating('Mixed: partly right', 'Accurate')).toBe('Mixed: partly right');
    expect(headlineBesideRating('Accurate:', 'Accurate')).toBe('Accurate:');
  });
});
