// A real OpenID Connect provider for the tests (the npm package oidc-provider), on loopback.
// Its development login form takes any password: the login name is the account's `sub`.
// Configured by the test suite through the environment:
//   OIDC_PORT          the port on 127.0.0.1
//   OIDC_PATH          the issuer's path ("" or "/tenant-a" for a multi-tenant issuer)
//   OIDC_REDIRECT_URI  the portal's callback
//   OIDC_ACCOUNTS      JSON: {"sub": {"email": ..., "email_verified": true, "name": ..., "tid": ...}}
import http from "node:http";
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT);
const path = process.env.OIDC_PATH || "";
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS);

const provider = new Provider(`http://127.0.0.1:${port}${path}`, {
  clients: [
    {
      client_id: "portal",
      client_secret: "portal-test-secret",
      redirect_uris: [process.env.OIDC_REDIRECT_URI],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  claims: {
    openid: ["sub", "tid"],
    email: ["email", "email_verified"],
    profile: ["name"],
  },
  // The claims go into the ID token too, as Entra ID puts them there.
  conformIdTokenClaims: false,
  cookies: { keys: ["test-only-cookie-key"] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, sub) {
    if (!accounts[sub]) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...accounts[sub] }) };
  },
});
provider.proxy = false;

const callback = provider.callback();
http
  .createServer((req, res) => {
    if (path && req.url.startsWith(path)) req.url = req.url.slice(path.length) || "/";
    callback(req, res);
  })
  .listen(port, "127.0.0.1", () => console.log(`oidc-provider listening on ${port}`));
