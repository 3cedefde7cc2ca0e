/**
 * SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
 *
 * One run. `tool.driver.rules` describes every rule that ran (plus any rule a
 * finding names that did not, so every result has a `ruleIndex`). Artifact
 * URIs are relative to `%SRCROOT%`, which `originalUriBaseIds` maps to the
 * working folder's `file:` URI; each path segment is percent-encoded. Regions
 * use 1-based lines and columns in UTF-16 code units with an exclusive end
 * column, exactly our ranges. Safe fixes become `fixes` (suggestions are not
 * included: a SARIF fix reads as "the" fix). Message text doubles `{` and `}`
 * as SARIF requires of message strings (§3.11.5).
 */
import { pathToFileURL } from 'node:url';
import { ruleDocsUrl, type Finding, type Fix, type Range, type RuleLevel, type Severity } from '@rubric/core';
import type { Formatter } from './types.js';
import { isOutside, relativePath, TOOL_NAME, TOOL_URL } from './shared.js';

export const SARIF_SCHEMA_URL = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

/** SARIF `level` of a severity. */
export function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'info' ? 'note' : severity;
}

/** A SARIF message string: `{` and `}` doubled, since they start placeholders. */
function messageText(text: string): string {
  return text.replace(/[{}]/g, (ch) => ch + ch);
}

function isUri(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** `file:` URI of a folder, with the trailing slash a base URI needs. */
export function folderUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  charOffset?: number;
  charLength?: number;
}

function region(r: Range, withOffsets = false): Region {
  const out: Region = {
    startLine: r.start.line,
    startColumn: r.start.column,
    endLine: r.end.line,
    endColumn: r.end.column,
  };
  if (withOffsets) {
    out.charOffset = r.start.offset;
    out.charLength = r.end.offset - r.start.offset;
  }
  return out;
}

function ruleLevel(level: RuleLevel): Record<string, unknown> {
  return level === 'off' ? { enabled: false } : { level: sarifLevel(level) };
}

export const sarif: Formatter = (input) => {
  // Artifacts: every linted file, then any other file a finding mentions.
  const artifactIndex = new Map<string, number>();
  const artifacts: { location: ArtifactLocation; roles?: string[] }[] = [];
  const linted = new Set(input.files);
  const locationOf = (file: string): ArtifactLocation => {
    const rel = relativePath(input.cwd, file);
    const base: ArtifactLocation = isOutside(rel)
      ? { uri: pathToFileURL(file).href }
      : { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
    let index = artifactIndex.get(file);
    if (index === undefined) {
      index = artifacts.length;
      artifactIndex.set(file, index);
      artifacts.push(linted.has(file) ? { location: { ...base }, roles: ['analysisTarget'] } : { location: { ...base } });
    }
    return { ...base, index };
  };
  for (const file of input.files) locationOf(file);

  // Rules: those that ran, in order, then unknown ids met in findings.
  const ruleIndex = new Map<string, number>();
  const rules: Record<string, unknown>[] = [];
  const addRule = (descriptor: Record<string, unknown> & { id: string }): void => {
    if (ruleIndex.has(descriptor.id)) return;
    ruleIndex.set(descriptor.id, rules.length);
    rules.push(descriptor);
  };
  for (const rule of input.rules) {
    const { id, description, defaultLevel } = rule.meta;
    const helpUri = ruleDocsUrl(id);
    addRule({
      id,
      shortDescription: { text: messageText(description) },
      helpUri,
      help: { text: messageText(`${description}\n\nDocumentation: ${helpUri}`), markdown: messageText(`${description}\n\n[Documentation](${helpUri})`) },
      defaultConfiguration: ruleLevel(defaultLevel),
      ...(rule.meta.fixable ? { properties: { fixable: true } } : {}),
    });
  }
  for (const f of input.findings) {
    if (!ruleIndex.has(f.ruleId)) addRule({ id: f.ruleId, ...(isUri(f.docsUrl) ? { helpUri: f.docsUrl } : {}) });
  }

  const fix = (x: Fix): Record<string, unknown> => {
    const changes = new Map<string, Record<string, unknown>[]>();
    for (const e of x.edits) {
      const list = changes.get(e.file) ?? [];
      list.push({ deletedRegion: region(e.range, true), ...(e.text ? { insertedContent: { text: e.text } } : {}) });
      changes.set(e.file, list);
    }
    return {
      description: { text: messageText(x.description) },
      artifactChanges: [...changes].map(([file, replacements]) => ({ artifactLocation: locationOf(file), replacements })),
    };
  };

  const result = (f: Finding): Record<string, unknown> => {
    const related = f.related ?? [];
    return {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId) as number,
      level: sarifLevel(f.severity),
      message: { text: messageText(f.message) },
      locations: [{ physicalLocation: { artifactLocation: locationOf(f.file), region: region(f.range) } }],
      ...(related.length
        ? {
            relatedLocations: related.map((r, i) => ({
              id: i + 1,
              physicalLocation: { artifactLocation: locationOf(r.file), region: region(r.range) },
              message: { text: messageText(r.message) },
            })),
          }
        : {}),
      ...(f.fix && f.fix.edits.length ? { fixes: [fix(f.fix)] } : {}),
    };
  };
  const results = input.findings.map(result);

  const log = {
    $schema: SARIF_SCHEMA_URL,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: input.toolVersion,
            ...(/^\d+\.\d+\.\d+(?:[-+].*)?$/.test(input.toolVersion) ? { semanticVersion: input.toolVersion } : {}),
            informationUri: TOOL_URL,
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: folderUri(input.cwd) } },
        artifacts,
        results,
        columnKind: 'utf16CodeUnits',
        // Our line breaks: "\r\n", "\n" and a lone "\r" (see LineIndex).
        newlineSequences: ['\r\n', '\n', '\r'],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
