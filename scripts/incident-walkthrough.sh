#!/usr/bin/env bash
# Walks the newest incident of a running `gridwatch demo` through its whole lifecycle with the demo
# logins: the operator dispatches it, the grid worker on the case accepts it, verifies it on site
# with a note and a photo (the incident's own snapshot stands in for the worker's photo), handles
# and resolves it, and the operator closes it. Prints each step and, at the end, the audit log.
#   scripts/incident-walkthrough.sh [API_URL]        (default http://localhost:8080)
set -euo pipefail
api="${1:-http://localhost:8080}"

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
login() {
  curl -fsS -X POST "$api/api/login" -H 'Content-Type: application/json' \
    -d "{\"user\":\"$1\",\"password\":\"$2\"}" | json 'd["token"]'
}
step() { # step TOKEN ACTION BODY
  curl -sS -X POST "$api/api/incidents/$id/$2" -H "Authorization: Bearer $1" \
    -H 'Content-Type: application/json' -d "${3:-{\}}" \
    | json '"%-8s -> %-20s assignee %-8s light %s" % ("'"$2"'", d.get("status", d.get("error")), d.get("assignee"), d.get("light"))'
}

operator="$(login operator operator)"
incident="$(curl -fsS "$api/api/incidents?status=REPORTED&limit=1" -H "Authorization: Bearer $operator")"
id="$(echo "$incident" | json 'd["items"][0]["incidentId"] if d["items"] else ""')"
if [[ -z "$id" ]]; then
  echo "no REPORTED incident yet; the demo's first incidents come about 30 s after it starts" >&2
  exit 1
fi
worker="$(echo "$incident" | json 'd["items"][0]["assignee"]')"
echo "incident $id, assigned to $worker"

step "$operator" dispatch '{"reason":"nearest worker on duty"}'
worker_token="$(login "$worker" worker)"
step "$worker_token" accept
photo="$(mktemp --suffix=.jpg)"
trap 'rm -f "$photo"' EXIT
curl -fsS "$api/api/incidents/$id/evidence/0" -H "Authorization: Bearer $worker_token" -o "$photo" \
  || printf '\xff\xd8\xff\xe0' > "$photo"
curl -sS -X POST "$api/api/incidents/$id/verify" -H "Authorization: Bearer $worker_token" \
  -F verdict=confirmed -F 'note=seen on site' -F "photo=@$photo;type=image/jpeg" \
  | json '"verify   -> %-20s photos %s" % (d.get("status", d.get("error")), d.get("verification", {}).get("photos"))'
step "$worker_token" handle
step "$worker_token" resolve '{"note":"cleared"}'
step "$operator" close
echo "audit log:"
curl -fsS "$api/api/incidents/$id/audit" -H "Authorization: Bearer $operator" \
  | json '"\n".join("  %d %-8s %-8s %s -> %s  %s" % (l["seq"], l["actor"], l["action"], l["from"], l["to"], l["reason"]) for l in d)'
