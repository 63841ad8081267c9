#!/usr/bin/env bash
# Fills in the generated secrets of the compose deployment: REDIS_PASSWORD (64 hex characters) and
# JWT_PRIVATE_KEY_B64 (base64 of a new 2048-bit RSA private key in PEM). Creates .env from .env.example when it is
# missing. Idempotent: a variable that already has a value is kept. Never prints a secret.
#
# usage: compose/generate-secrets.sh [env file, default compose/.env]
set -euo pipefail
cd "$(dirname "$0")"
env_file="${1:-.env}"
umask 077

command -v openssl >/dev/null || { echo "generate-secrets: openssl is needed" >&2; exit 1; }
if [ ! -f "$env_file" ]; then
  cp .env.example "$env_file"
  echo "created $env_file from .env.example"
fi
chmod 600 "$env_file"

# The value of NAME in the env file (last assignment wins, as in docker compose).
current() {
  NAME="$1" awk -F= '$1 == ENVIRON["NAME"] { sub(/^[^=]*=/, ""); value = $0 } END { print value }' "$env_file"
}

# Sets NAME to the value read from stdin: replaces the first NAME= line (dropping later ones) or appends one. The
# value travels through the environment of awk, never through a command line.
assign() {
  local tmp
  tmp=$(mktemp "$env_file.XXXXXX")
  NAME="$1" VALUE="$(cat)" awk '
    BEGIN { n = ENVIRON["NAME"]; v = ENVIRON["VALUE"] }
    index($0, n "=") == 1 { if (!done) { print n "=" v; done = 1 } next }
    { print }
    END { if (!done) print n "=" v }' "$env_file" > "$tmp"
  chmod 600 "$tmp"
  mv "$tmp" "$env_file"
}

generate() {
  local name="$1"
  shift
  if [ -n "$(current "$name")" ]; then
    echo "$name: kept"
  else
    "$@" | assign "$name"
    [ -n "$(current "$name")" ] || { echo "generate-secrets: could not generate $name" >&2; exit 1; }
    echo "$name: generated"
  fi
}

redis_password() { openssl rand -hex 32; }
jwt_private_key_b64() { openssl genrsa 2048 2>/dev/null | openssl base64 -A; }

generate REDIS_PASSWORD redis_password
generate JWT_PRIVATE_KEY_B64 jwt_private_key_b64
echo "secrets are in $(pwd)/$env_file (mode 600); fill in BASE_DOMAIN, ACME_EMAIL and the GitHub variables there"
