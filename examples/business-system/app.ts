/**
 * An example business system (业务系统) that signs people in through Shenfen by OpenID Connect
 * (code + PKCE, with openid-client). Run it beside Shenfen:
 *
 *   node dist/src/cli.js client add --id example --name 示例业务系统 \
 *     --redirect-uri http://localhost:4000/callback --post-logout-uri http://localhost:4000/ --first-party
 *   SHENFEN_ISSUER=http://localhost:3000/oidc CLIENT_ID=example CLIENT_SECRET=… node dist/examples/business-system/app.js
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import * as oidc from 'openid-client';

export interface ExampleOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  port?: number;
}

interface Visit {
  verifier?: string;
  state?: string;
  name?: string;
  level?: string;
  /** The org the person acts for (claims `org`, `org_role`), when they do. */
  org?: string;
  idToken?: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function html(title: string, body: string) {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:18px/1.7 sans-serif;max-width:640px;margin:40px auto}a.button{padding:10px 20px;background:#0b4f9c;color:#fff;border-radius:6px;text-decoration:none}</style>
</head><body><h1>示例业务系统</h1>${body}</body></html>`;
}

export async function startExampleApp(opts: ExampleOptions): Promise<{ url: string; close(): Promise<void> }> {
  const visits = new Map<string, Visit>();
  let config: Promise<oidc.Configuration> | undefined;
  const discover = () =>
    (config ??= oidc.discovery(new URL(opts.issuer), opts.clientId, undefined, oidc.ClientSecretBasic(opts.clientSecret), {
      execute: opts.issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
    }));

  const server = http.createServer(async (req, res) => {
    try {
      const base = `http://localhost:${(server.address() as AddressInfo).port}`;
      const url = new URL(req.url ?? '/', base);
      const sid = /(?:^|;\s*)example_sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
      const visit = (sid && visits.get(sid)) || undefined;
      const send = (status: number, body: string, headers: Record<string, string | string[]> = {}) => {
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
        res.end(body);
      };
      const redirect = (to: string, headers: Record<string, string> = {}) => send(302, '', { location: to, ...headers });

      if (url.pathname === '/') {
        if (visit?.name) {
          return send(200, html('已登录', `<p data-testid="greeting">您好，${esc(visit.name)}</p><p>实名等级：<span data-testid="level">${esc(visit.level ?? '')}</span></p>${visit.org ? `<p>办理单位：<span data-testid="org">${esc(visit.org)}</span></p>` : ''}<p><a class="button" href="/logout">退出登录</a></p>`));
        }
        return send(200, html('请登录', '<p>请使用统一身份认证平台登录。</p><p><a class="button" data-testid="sign-in" href="/login">统一身份认证登录</a></p>'));
      }
      if (url.pathname === '/login') {
        const id = randomBytes(16).toString('base64url');
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        visits.set(id, { verifier, state });
        const to = oidc.buildAuthorizationUrl(await discover(), {
          redirect_uri: `${base}/callback`,
          scope: 'openid profile assurance',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
        });
        return redirect(to.href, { 'set-cookie': `example_sid=${id}; Path=/; HttpOnly; SameSite=Lax` });
      }
      if (url.pathname === '/callback') {
        if (!visit?.verifier) return send(400, html('出错了', '<p>登录已失效，请<a href="/login">重新登录</a>。</p>'));
        const c = await discover();
        const tokens = await oidc.authorizationCodeGrant(c, url, { pkceCodeVerifier: visit.verifier, expectedState: visit.state! });
        const claims = tokens.claims()!;
        const info = await oidc.fetchUserInfo(c, tokens.access_token, claims.sub);
        Object.assign(visit, { verifier: undefined, state: undefined, name: String(info.name ?? info.preferred_username ?? claims.sub), level: String(info.assurance_level ?? ''), idToken: tokens.id_token });
        const org = info.org as { uscc?: string; name?: string } | undefined;
        visit.org = org?.name ? `${org.name}（${org.uscc ?? ''}）` : undefined;
        return redirect('/');
      }
      if (url.pathname === '/logout') {
        const idToken = visit?.idToken;
        if (sid) visits.delete(sid);
        if (!idToken) return redirect('/');
        const to = oidc.buildEndSessionUrl(await discover(), { id_token_hint: idToken, post_logout_redirect_uri: `${base}/` });
        return redirect(to.href);
      }
      return send(404, html('404', '<p>页面不存在</p>'));
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`登录失败：${err instanceof Error ? err.message : String(err)}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { SHENFEN_ISSUER, CLIENT_ID, CLIENT_SECRET, PORT } = process.env;
  if (!SHENFEN_ISSUER || !CLIENT_ID || !CLIENT_SECRET) {
    console.error('set SHENFEN_ISSUER, CLIENT_ID and CLIENT_SECRET');
    process.exit(1);
  }
  const app = await startExampleApp({ issuer: SHENFEN_ISSUER, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, port: Number(PORT ?? 4000) });
  console.log(`example business system at ${app.url}`);
}
