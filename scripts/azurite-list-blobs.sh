#!/usr/bin/env bash
# Lists the blobs (size and name) of a container on the Azurite emulator with the Blob REST API
# (List Blobs), signed with the emulator's well-known development account key (public; not a
# secret). Needs curl, openssl, xxd and base64. For a real storage account use the Azure CLI:
#   az storage blob list --connection-string "$CONN" -c <container> --prefix <prefix> -o table
#
# Usage: scripts/azurite-list-blobs.sh <container> [prefix]     (AZURITE_BLOB_PORT, default 10000)
set -euo pipefail
account=devstoreaccount1
key=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==
port=${AZURITE_BLOB_PORT:-10000}
container=${1:?usage: $0 <container> [prefix]}
prefix=${2:-}
date=$(TZ=GMT date '+%a, %d %b %Y %H:%M:%S GMT')
version=2021-08-06
# Shared Key: the verb, eleven empty standard headers, the x-ms- headers, then the resource
# (Azurite's URLs hold the account name, so it appears twice) and the query parameters, sorted.
resource="/$account/$account/$container"$'\n'"comp:list"${prefix:+$'\n'"prefix:$prefix"}$'\n'"restype:container"
string_to_sign=$'GET\n\n\n\n\n\n\n\n\n\n\n\n'"x-ms-date:$date"$'\n'"x-ms-version:$version"$'\n'"$resource"
signature=$(printf '%s' "$string_to_sign" |
  openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(printf '%s' "$key" | base64 -d | xxd -p -c 256)" -binary | base64 -w0)
curl -sf "http://127.0.0.1:$port/$account/$container?restype=container&comp=list${prefix:+&prefix=$prefix}" \
  -H "x-ms-date: $date" -H "x-ms-version: $version" -H "Authorization: SharedKey $account:$signature" |
  grep -o '<Name>[^<]*</Name>\|<Content-Length>[^<]*</Content-Length>' | sed 's/<[^>]*>//g' | paste - - |
  awk '{ printf "%10s  %s\n", $2, $1 }'
