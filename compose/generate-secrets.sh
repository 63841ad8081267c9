#!/usr/bin/env bash
# Generates the secrets of the compose deployment as files in compose/secrets/ (mounted into the containers as Docker
# secrets under /run/secrets and read through the *_FILE variables), and creates .env from .env.example when it is
# missing. Idempotent: a secret file that exists is kept; the Redis ACL file is rewritten from
# redis/users.acl.template each run (it holds only SHA-256 hashes of the passwords). Never prints a secret.
#
#   secrets/redis-auth-password      Redis user "auth" (the authorization server)         -> auth
#   secrets/redis-services-password  Redis user "services" (MCP containers, read-mostly)  -> every mcp-<service>
#   secrets/jwt-private-key.pem      RSA key (2048 bits) that signs access tokens          -> auth only
#   secrets/redis-users.acl          the Redis users (default off)                         -> redis
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
private_key() { openssl genrsa 2048 2>/dev/null; }
sha256() { printf '%s' "$(cat "$1")" | openssl dgst -sha256 -r | cut -d' ' -f1; }

generate redis-auth-password password
generate redis-services-password password
generate jwt-private-key.pem private_key

tmp=$(mktemp "secrets/.redis-users.acl.XXXXXX")
AUTH="$(sha256 secrets/redis-auth-password)" SERVICES="$(sha256 secrets/redis-services-password)" awk '
  /^user / { gsub(/\{\{auth\}\}/, ENVIRON["AUTH"]); gsub(/\{\{services\}\}/, ENVIRON["SERVICES"]); print }' \
  redis/users.acl.template > "$tmp"
chmod 644 "$tmp"
mv "$tmp" secrets/redis-users.acl
echo "redis-users.acl: written"
echo "secrets are in $(pwd)/secrets; fill in BASE_DOMAIN, ACME_EMAIL and the GitHub variables in $(pwd)/$env_file"
