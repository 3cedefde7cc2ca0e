/** API tokens (admin): create one (its secret is shown once), list them, revoke one. */
import { Router } from 'express';
import { ROLES, SCOPES, type Role, type Scope, type TokenRecord } from '../domain.js';
import { authorize, generateToken, tokenRecord, TOKEN_NAME_PATTERN } from '../auth.js';
import { invalidParameter, notFound, quote } from '../errors.js';
import { bodyObject, checkSetId, invalidField, parseQuery, principalOf, readJsonBody, type AppContext } from './common.js';

/** Most sets one token may be granted. */
const MAX_GRANTS = 100;

/** A token as the API shows it: never its hash. */
export function tokenJson(t: TokenRecord): Record<string, unknown> {
  return { id: t.id, name: t.name, role: t.role, sets: t.sets, scopes: t.scopes, createdAt: t.createdAt, createdBy: t.createdBy, revokedAt: t.revokedAt };
}

/** Routes of /v1/tokens. */
export function tokenRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/v1/tokens', async (req, res) => {
    parseQuery(req, {});
    const principal = authorize(principalOf(res), 'admin', null);
    const body = bodyObject((await readJsonBody(req, 64 * 1024))?.value, ['name', 'role', 'sets', 'scopes']);
    const { name, role, sets, scopes } = body;
    if (typeof name !== 'string' || !TOKEN_NAME_PATTERN.test(name)) throw invalidField('/name', name, "a name of 1-64 letters, digits, '.', '_', '@' or '-' (the principal: a person or a CI job)");
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw invalidField('/role', role, `one of ${ROLES.join(', ')}`);
    let grants: string[] | null = null;
    if (sets !== undefined && sets !== null) {
      if (!Array.isArray(sets) || sets.length > MAX_GRANTS) throw invalidField('/sets', sets, `an array of at most ${MAX_GRANTS} set ids, or null for every set`);
      grants = sets.map((s, i) => checkSetId(s, `/sets/${i}`));
      grants = [...new Set(grants)].sort();
    }
    let granted: Scope[] = [];
    if (scopes !== undefined && scopes !== null) {
      if (!Array.isArray(scopes)) throw invalidField('/scopes', scopes, `an array of scopes (${SCOPES.join(', ')})`);
      scopes.forEach((s, i) => {
        if (typeof s !== 'string' || !(SCOPES as readonly string[]).includes(s)) throw invalidField(`/scopes/${i}`, s, `one of ${SCOPES.join(', ')}`);
      });
      granted = [...new Set(scopes as Scope[])].sort();
    }
    const { token } = generateToken();
    const record = tokenRecord(token, name, role as Role, grants, ctx.now().toISOString(), principal.name, granted);
    await ctx.store.createToken(record, { actor: principal.name, action: 'token.create', setId: null, version: null, contentHash: null, detail: { tokenId: record.id, name, role, sets: grants, scopes: granted, byTokenId: principal.tokenId } });
    res.status(201).setHeader('Cache-Control', 'no-store');
    res.setHeader('Location', `/v1/tokens/${record.id}`);
    res.json({ ...tokenJson(record), token });
  });

  router.get('/v1/tokens', async (req, res) => {
    parseQuery(req, {});
    authorize(principalOf(res), 'admin', null);
    const tokens = await ctx.store.listTokens();
    res.setHeader('Cache-Control', 'no-store');
    res.json({ tokens: tokens.map(tokenJson) });
  });

  router.delete('/v1/tokens/:tokenId', async (req, res) => {
    const id = req.params.tokenId;
    if (typeof id !== 'string' || !/^[a-z0-9]{8,32}$/.test(id)) throw invalidParameter('/params/tokenId', `Unexpected token id ${quote(id)}, expected 8-32 lowercase letters or digits (the id in rbt_<id>_<secret>)`);
    parseQuery(req, {});
    const principal = authorize(principalOf(res), 'admin', null);
    const existing = await ctx.store.findTokenById(id);
    if (!existing) throw notFound(`No token ${id}`);
    if (!existing.revokedAt) {
      const done = await ctx.store.revokeToken(id, ctx.now().toISOString(), { actor: principal.name, action: 'token.revoke', setId: null, version: null, contentHash: null, detail: { tokenId: id, name: existing.name, byTokenId: principal.tokenId } });
      if (!done) throw notFound(`No token ${id}`);
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json(tokenJson((await ctx.store.findTokenById(id)) ?? existing));
  });

  return router;
}
