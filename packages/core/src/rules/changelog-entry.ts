/**
 * changelog-entry: guideline.md has a `## Changelog` with an entry for the
 * frontmatter version, entries newest first, none ahead of the current version.
 * Labelers re-read a guideline only when told what changed; the entry for the
 * version they are working under is how they are told.
 */
import { defineRule } from '../lint/define-rule.js';
import type { Fix } from '../lint/types.js';
import type { GuidelineDocument } from '../model.js';
import { compareSemver, isRecord, parseSemver } from '../util.js';
import { paddedBlock } from './helpers.js';

export default defineRule({
  meta: {
    id: 'changelog-entry',
    description: 'guideline.md has a `## Changelog` section with an entry for the frontmatter version, newest entry first.',
    defaultLevel: 'error',
    messages: {
      missingSection: 'Missing `## Changelog` section, expected one with an entry per version, newest first',
      missingEntry: 'Missing changelog entry for version {{version}}, expected a heading starting with {{version}} under `{{heading}}`',
      order: 'Unexpected entry {{version}} after {{previous}}, expected entries newest first',
      ahead: 'Unexpected entry {{version}}, newer than the frontmatter version {{current}}, expected entries up to {{current}}',
    },
    defaultOptions: {},
  },
  check({ set, report }) {
    const doc = set.guideline;
    if (!doc) return;
    const fmData = doc.frontmatter?.data;
    const rawVersion = isRecord(fmData) ? fmData.version : undefined;
    // An invalid version is frontmatter-valid's finding; entries cannot be matched against it.
    const version = typeof rawVersion === 'string' && parseSemver(rawVersion) ? rawVersion.trim() : undefined;
    const versionRange = doc.frontmatter?.rangeOf(['version']);
    const related = version !== undefined && versionRange ? [{ file: doc.file, range: versionRange, message: `frontmatter version ${version} here` }] : [];

    const changelog = doc.changelog;
    if (!changelog) {
      const title = doc.headings.find((h) => h.depth === 1);
      const offset = doc.text.length;
      const block = `## Changelog\n\n${version === undefined ? '' : entryBlock(version)}`.replace(/\n+$/, '\n');
      report({
        messageId: 'missingSection',
        file: doc.file,
        range: title?.range ?? doc.lines.lineRange(1),
        suggestions: [{ description: 'Add a `## Changelog` section', edits: [{ file: doc.file, range: doc.lines.range(offset, offset), text: paddedBlock(doc.text, offset, block) }] }],
      });
      return;
    }

    const entries = changelog.entries;
    if (version !== undefined && !entries.some((e) => compareSemver(e.version, version) === 0)) {
      const headingText = `${'#'.repeat(changelog.heading.depth)} ${changelog.heading.text}`;
      report({
        messageId: 'missingEntry',
        data: { version, heading: headingText },
        file: doc.file,
        range: changelog.heading.range,
        related,
        suggestions: [entryFix(doc, changelog.heading.range.end.offset, changelog.heading.depth + 1, version)],
      });
    }
    entries.forEach((entry, i) => {
      const previous = entries[i - 1];
      if (previous && (compareSemver(entry.version, previous.version) ?? 0) > 0) {
        report({
          messageId: 'order',
          data: { version: entry.version, previous: previous.version },
          file: doc.file,
          range: entry.heading.range,
          related: [{ file: doc.file, range: previous.heading.range, message: `entry ${previous.version} here` }],
        });
      }
      if (version !== undefined && (compareSemver(entry.version, version) ?? 0) > 0) {
        report({ messageId: 'ahead', data: { version: entry.version, current: version }, file: doc.file, range: entry.heading.range, related });
      }
    });
  },
});

/** Today's date in UTC, as entries are written. */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function entryBlock(version: string, depth = 3): string {
  return `${'#'.repeat(Math.min(depth, 6))} ${version} - ${today()}\n\n- Describe what changed for labelers.\n`;
}

/** Inserts an entry as the first one: on the line after the changelog heading's blank line. */
function entryFix(doc: GuidelineDocument, headingEnd: number, depth: number, version: string): Fix {
  const text = doc.text;
  let offset = headingEnd;
  const lineBreak = /^\r?\n/.exec(text.slice(offset));
  if (lineBreak) {
    offset += lineBreak[0].length;
    const blank = /^[ \t]*\r?\n/.exec(text.slice(offset));
    if (blank) offset += blank[0].length;
  }
  return {
    description: `Add a changelog entry for ${version}`,
    edits: [{ file: doc.file, range: doc.lines.range(offset, offset), text: paddedBlock(text, offset, entryBlock(version, depth)) }],
  };
}
