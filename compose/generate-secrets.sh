#!/usr/bin/env bash
# Generates the secrets of the compose deployment as files in compose/secrets/ (mounted into the containers as Docker
# secrets under /run/secrets and read through the *_FILE variables), and creates .env from .env.example when it is
# missing. Idempotent: a secret file that exists is kept; the Redis ACL file is rewritten from
# redis/users.acl.template each run (it holds only SHA-256 hashes of the passwords). Never prints a secret.
#
#   secrets/redis-auth-password      Redis user "auth" (the authorization server)         -> auth
#   secrets/redis-services-password  Redis user "services" (MCP containers, read-mostly)  -> every mcp-<service>
#   secrets/jwt-private-key.pem      the key that signs access tokens                      -> auth only
#   secrets/redis-users.acl          the Redis users (default off)                         -> redis
#
# The signing key is of the type JWT_SIGNING_ALG names (taken from the environment, else from the env file; empty =
# RS256): RS256 an RSA 2048 key, ES256 an EC P-256 key, EdDSA an Ed25519 key, each in PKCS#8 PEM. A kept key of
# another type stops the script (move it away to generate a new one): the gateway would refuse it at start-up.
#
# The folder is 0700 (other host users cannot reach the files); the files are 0644 so that the containers' own users
# (redis, gateway) can read the bind-mounted copies.
#
# usage: compose/generate-secrets.sh [env file, default compose/.env]
set -euo pipefail
cd "$(dirname "$0")"
env_file="${1:-.env}"

command -v openssl >/dev/null || { echo "generate-secrets: openssl is needed" >&2; exit 1; }
(umask 077; if [ ! -f "$env_file" ]; then
  cp .env.example "$env_file"
  echo "created $env_file from .env.example"
fi)
chmod 600 "$env_file"

# JWT_SIGNING_ALG: the environment's value, else the env file's last JWT_SIGNING_ALG= line (quotes dropped), else RS256.
signing_alg="${JWT_SIGNING_ALG:-$(sed -n 's/^[[:space:]]*JWT_SIGNING_ALG=//p' "$env_file" | tail -n 1 | tr -d "\"' \r\t")}"
signing_alg="${signing_alg:-RS256}"
case "$signing_alg" in
  RS256) key_description="an RSA 2048" ;;
  ES256) key_description="an EC P-256" ;;
  EdDSA) key_description="an Ed25519" ;;
  *) echo "generate-secrets: JWT_SIGNING_ALG must be RS256, ES256 or EdDSA (spelled exactly so)" >&2; exit 1 ;;
esac

mkdir -p secrets
chmod 700 secrets

# Writes secrets/NAME from the output of the command that follows, unless the file exists and is not empty.
generate() {
  local name="$1" tmp
  shift
  if [ -s "secrets/$name" ]; then
    echo "$name: kept"
    return
  fi
  tmp=$(mktemp "secrets/.$name.XXXXXX")
  "$@" > "$tmp"
  [ -s "$tmp" ] || { rm -f "$tmp"; echo "generate-secrets: could not generate $name" >&2; exit 1; }
  chmod 644 "$tmp"
  mv "$tmp" "secrets/$name"
  echo "$name: generated"
}

password() { openssl rand -hex 32 | tr -d '\n'; }
private_key() {
  case "$signing_alg" in
    RS256) openssl genrsa 2048 2>/dev/null ;;
    ES256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null ;;
    EdDSA) openssl genpkey -algorithm ed25519 2>/dev/null ;;
  esac
}
# The JWT_SIGNING_ALG the private key in PEM file $1 signs for (RS256, ES256, EdDSA), or "other"; reads only its
# public half, so no key material passes through the shell.
key_alg() {
  local text
  text=$(openssl pkey -in "$1" -pubout 2>/dev/null | openssl pkey -pubin -noout -text 2>/dev/null) || true
  case "$text" in
    "ED25519 Public-Key"*) echo EdDSA ;;
    *"NIST CURVE: P-256"*) echo ES256 ;;
    *Modulus*) echo RS256 ;;
    *) echo other ;;
  esac
}
sha256() { printf '%s' "$(cat "$1")" | openssl dgst -sha256 -r | cut -d' ' -f1; }

generate redis-auth-password password
generate redis-services-password password
generate jwt-private-key.pem private_key
if [ "$(key_alg secrets/jwt-private-key.pem)" != "$signing_alg" ]; then
  echo "generate-secrets: secrets/jwt-private-key.pem is not $key_description key, which JWT_SIGNING_ALG=$signing_alg" \
    "needs; move it away and run this again to generate one (tokens signed with the old key then stop verifying," \
    "clients refresh)" >&2
  exit 1
fi
echo "jwt-private-key.pem: $key_description key, for JWT_SIGNING_ALG=$signing_alg"

tmp=$(mktemp "secrets/.redis-users.acl.XXXXXX")
AUTH="$(sha256 secrets/redis-auth-password)" SERVICES="$(sha256 secrets/redis-services-password)" awk '
  /^user / { gsub(/\{\{auth\}\}/, ENVIRON["AUTH"]); gsub(/\{\{services\}\}/, ENVIRON["SERVICES"]); print }' \
  redis/users.acl.template > "$tmp"
chmod 644 "$tmp"
mv "$tmp" secrets/redis-users.acl
echo "redis-users.acl: written"
echo "secrets are in $(pwd)/secrets; fill in BASE_DOMAIN, ACME_EMAIL and the upstream login (GitHub or OIDC_*) in $(pwd)/$env_file"
