/**
 * Which methods a path has, asked of the router itself. A path that a route
 * matches, asked with a method none of its routes has, is 405 with an Allow
 * header listing the methods it has (RFC 9110 section 15.5.6); a path no
 * route matches stays 404; OPTIONS answers 204 with the same Allow (section
 * 9.3.7). The methods come from the router's own route list and paths are
 * matched by the router's own matching, so a route added anywhere shows up
 * here with no list to keep: HEAD wherever GET is (the router answers HEAD
 * with the GET handler), and OPTIONS everywhere.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { RouteInfo } from 'router';
import { HttpProblem, quote } from './errors.js';

/** A router that can list its routes (router 2.3, under express 5). */
export interface RouteLister {
  listRoutes?(): RouteInfo[];
}

/** One route: its full path pattern and its methods (uppercase; `*` for every method). */
export interface RouteMethods {
  path: string | RegExp;
  methods: string[];
}

/** Every route under `router`, mounted routers included, with their full path patterns. */
export function listRoutes(router: RouteLister, prefix = ''): RouteMethods[] {
  if (typeof router.listRoutes !== 'function') throw new Error('Unexpected router without listRoutes(), expected the router package 2.3 or later under express');
  const out: RouteMethods[] = [];
  for (const entry of router.listRoutes()) {
    const path = joinPath(prefix, entry.path);
    if (entry.router) out.push(...listRoutes(entry.router, entry.path === '/' ? prefix : (path as string).replace(/\/$/, '')));
    else out.push({ path, methods: entry.methods });
  }
  return out;
}

function joinPath(prefix: string, path: string | RegExp): string | RegExp {
  if (prefix === '') return path;
  if (typeof path !== 'string') throw new Error(`Unexpected RegExp route ${String(path)} under ${quote(prefix)}, expected string paths under a mount path`);
  return `${prefix}${path === '/' ? '' : path}`;
}

const ALLOWED = Symbol('rubric.allowed');
type Marked = Response & { [ALLOWED]?: Set<string> };

/** The methods of a path, learnt from the app's routes once they are all added. */
export class AllowedMethods {
  private table: Router | undefined;
  private everyMethod = '';

  /** Reads the routes of `router` (the app's, after every route was added). */
  learn(router: RouteLister): void {
    const table = Router();
    const every = new Set<string>();
    for (const { path, methods } of listRoutes(router)) {
      const allowed = methods.includes('*') ? ['*'] : [...methods, 'OPTIONS'];
      for (const method of allowed) every.add(method);
      table.all(path, (_req, res, next) => {
        const marked = res as Marked;
        const set = (marked[ALLOWED] ??= new Set());
        for (const method of allowed) set.add(method);
        next();
      });
    }
    this.table = table;
    this.everyMethod = allowHeader(every);
  }

  /** Runs the table: calls `then` with the methods of the request's path (empty when no route matches). */
  private lookup(req: Request, res: Response, next: (error?: unknown) => void, then: (allowed: Set<string>) => void): void {
    if (!this.table) throw new Error('AllowedMethods.learn() was not called');
    this.table(req, res, (error?: unknown) => {
      if (error !== undefined && error !== null && error !== 'route' && error !== 'router') return next(error);
      then((res as Marked)[ALLOWED] ?? new Set());
    });
  }

  /** Answers OPTIONS on a path some route matches (204 and Allow), and `OPTIONS *` with every method; anything else goes on. */
  options(): RequestHandler {
    return (req, res, next) => {
      if (req.method !== 'OPTIONS') return next();
      if (req.url === '*') return void res.status(204).setHeader('Allow', this.everyMethod).end();
      this.lookup(req, res, next, (allowed) => {
        if (allowed.size === 0 || allowed.has('*')) return next();
        res.status(204).setHeader('Allow', allowHeader(allowed)).end();
      });
    };
  }

  /** For a request no route answered: 405 with Allow when a route matches its path with other methods; otherwise on to the 404. */
  notAllowed(): RequestHandler {
    return (req, res, next) => {
      this.lookup(req, res, next, (allowed) => {
        if (allowed.size === 0 || allowed.has('*') || allowed.has(req.method)) return next();
        const allow = allowHeader(allowed);
        next(new HttpProblem(405, 'method-not-allowed', 'Method not allowed', `Unexpected method ${req.method} for ${quote(req.path, 200)}, expected ${allow}`, { headers: { Allow: allow } }));
      });
    };
  }
}

/** The Allow value: methods in a stable order (GET and HEAD first, as people read them). */
function allowHeader(methods: Set<string>): string {
  const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  return [...methods].filter((m) => m !== '*').sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b)).join(', ');
}

function rank(order: string[], method: string): number {
  const i = order.indexOf(method);
  return i < 0 ? order.length : i;
}
