#!/bin/sh
# Starts Traefik with traefik.yml after filling in ${ACME_EMAIL}: Traefik ignores environment variables when its
# static configuration comes from a file. Paths can be moved for tests.
set -eu
template="${TRAEFIK_STATIC_TEMPLATE:-/etc/traefik/traefik.yml.template}"
rendered="${TRAEFIK_STATIC_FILE:-/tmp/traefik.yml}"

email="${ACME_EMAIL:-}"
case "$email" in
  *[!A-Za-z0-9._%+@-]* | *@*@* | @* | *@ | "")
    echo "traefik: ACME_EMAIL must be set to the e-mail address Let's Encrypt knows the account by" >&2
    exit 64 ;;
  *@*.*) ;;
  *)
    echo "traefik: ACME_EMAIL must be set to the e-mail address Let's Encrypt knows the account by" >&2
    exit 64 ;;
esac

# The address holds no character that sed treats specially (checked above).
sed "s/\${ACME_EMAIL}/${email}/g" "$template" > "$rendered"
exec traefik --configFile="$rendered" "$@"
