import { describe, expect, it } from 'vitest';
import { GUIDELINE, SCHEMA, fixture, pos, rangeOf, setup } from './helpers.js';

const value = (h: unknown): string => (h as { contents: { value: string } }).contents.value;

describe('hover', () => {
  it('on a prose reference: title, question, path, severity, definition and example counts', () => {
    const { service } = setup();
    const hover = service.hover(GUIDELINE, pos(fixture.guideline, 'abuse.insult', 4));
    expect(hover?.range).toEqual(rangeOf(fixture.guideline, 'abuse.insult'));
    expect(value(hover)).toBe(
      [
        '**`abuse.insult`** Insult  \nQuestion: `verdict` — Is the text abusive?  \nPath: `abuse` › `abuse.insult`  \nSeverity: medium  \nRenamed from `abuse.name-calling`',
        'Calling someone names.\nInsults are rude.',
        'Examples: 1 positive · 1 negative · 0 borderline',
      ].join('\n\n---\n\n'),
    );
  });

  it('on a section heading, an example answer and a schema id', () => {
    const { service } = setup();
    expect(value(service.hover(GUIDELINE, pos(fixture.guideline, '#### `abuse.threat`', 7)))).toContain('**`abuse.threat`** Threat');
    expect(value(service.hover(GUIDELINE, pos(fixture.guideline, 'target: [target.person]', 10)))).toContain('Question: `target` — Who is targeted?');
    const onSchema = service.hover(SCHEMA, pos(fixture.schema, '"abuse.old"', 1));
    expect(onSchema?.range).toEqual(rangeOf(fixture.schema, 'abuse.old'));
    expect(value(onSchema)).toContain('**Deprecated** since 1.1.0; use `abuse.insult`');
  });

  it('on replacedBy and renamedFrom values', () => {
    const { service } = setup();
    expect(value(service.hover(SCHEMA, pos(fixture.schema, '"replacedBy": "abuse.insult"', 16)))).toContain('**`abuse.insult`** Insult');
    const renamed = service.hover(SCHEMA, pos(fixture.schema, 'abuse.name-calling', 2));
    // renamedFrom is history: the hover says so, and what the id is now.
    expect(value(renamed)).toMatch(/^History: `abuse\.name-calling` as named in `renamedFrom` \(kept as written; rename leaves it\); it was renamed to `abuse\.insult`\./);
    expect(value(renamed)).toContain('**`abuse.insult`** Insult');
  });

  it('nothing on plain prose or one-segment code that is no label (as lint and the preview read it); an unknown dotted label says so', () => {
    const guideline = fixture.guideline.replace('and `none` otherwise', 'and `nonee` otherwise, never `abuse.insultt`');
    const { service } = setup({ guideline });
    expect(service.hover(GUIDELINE, pos(guideline, 'Abusive text.', 2))).toBeNull();
    expect(service.hover(GUIDELINE, pos(guideline, 'nonee', 1))).toBeNull();
    expect(value(service.hover(GUIDELINE, pos(guideline, 'abuse.insultt', 1)))).toBe('**`abuse.insultt`**: not a label of this schema');
  });
});
