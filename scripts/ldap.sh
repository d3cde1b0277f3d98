#!/usr/bin/env bash
# A test LDAP directory for the LDAP sign-in tests (Debian's slapd, offline), started as its own process:
#   ldap://127.0.0.1:3389   plain and StartTLS
#   ldaps://127.0.0.1:3636  TLS from the first byte
# Everything lives under $BERTH_LDAP_DIR (slapd.conf, mdb database, test CA + server certificate, pid, log).
# The package's own slapd service is never started (policy-rc.d while installing, stopped if found running).
#   bash scripts/ldap.sh up       start (idempotent: a running directory is left alone)
#   bash scripts/ldap.sh down     stop it (the database stays: entry UUIDs survive a restart)
#   bash scripts/ldap.sh reset    stop it and remove the database (the next up seeds it again)
#   bash scripts/ldap.sh status   exit 0 when it answers
# Directory dc=berth,dc=test (e2e/support/ldap.ts uses the same names and passwords):
#   cn=admin,dc=berth,dc=test / admin-secret-7         root DN (tests use it to change group members)
#   cn=berth-svc,ou=services,dc=berth,dc=test / svc-secret-7   service account Berth binds with
#   ou=people: alice (alice-pw-7), bob (bob-pw-7), carol (carol-pw-7, no groups) and "o\brien(*)" (obrien-pw-7)
#   ou=groups (groupOfNames; the memberof overlay keeps memberOf on the people): ops = alice, bob; admins = alice
#   $BERTH_LDAP_DIR/ca.pem signs the server certificate (CN/SAN 127.0.0.1 and localhost); wrong-ca.pem does not.
set -euo pipefail

DIR="${BERTH_LDAP_DIR:-/tmp/berth-ldap}"
PORT="${BERTH_LDAP_PORT:-3389}"
TLS_PORT="${BERTH_LDAPS_PORT:-3636}"
SUFFIX="dc=berth,dc=test"
ROOT_DN="cn=admin,$SUFFIX"
ROOT_PW="admin-secret-7"
SLAPD=/usr/sbin/slapd

log() { echo "[ldap] $*"; }

running() { [ -f "$DIR/slapd.pid" ] && kill -0 "$(cat "$DIR/slapd.pid")" 2>/dev/null; }

answers() {
  ldapsearch -x -LLL -H "ldap://127.0.0.1:$PORT" -D "$ROOT_DN" -w "$ROOT_PW" -b "$SUFFIX" -s base dn >/dev/null 2>&1
}

install_packages() {
  if [ -x "$SLAPD" ] && command -v ldapsearch >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" != 0 ]; then log "slapd is not installed (apt-get install slapd ldap-utils)"; exit 1; fi
  log "installing slapd and ldap-utils"
  # The package would start its own slapd on port 389: policy-rc.d forbids starting services during the install.
  local own_policy=no
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    own_policy=yes
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq slapd ldap-utils >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    apt-get install -y -qq slapd ldap-utils >/dev/null
  fi
  [ "$own_policy" = yes ] && rm -f /usr/sbin/policy-rc.d
  # Should a service manager have started it anyway, stop the package's daemon (its pid file, never by name).
  if [ -f /run/slapd/slapd.pid ] && kill -0 "$(cat /run/slapd/slapd.pid)" 2>/dev/null; then
    kill "$(cat /run/slapd/slapd.pid)" || true
    log "stopped the package's slapd service"
  fi
  command -v systemctl >/dev/null 2>&1 && systemctl disable --now slapd >/dev/null 2>&1 || true
}

make_certs() {
  [ -f "$DIR/server.pem" ] && [ -f "$DIR/wrong-ca.pem" ] && return 0
  local t="$DIR/tls-work"
  mkdir -p "$t"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Berth LDAP test CA" \
    -keyout "$t/ca.key" -out "$DIR/ca.pem" >/dev/null 2>&1
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Some other CA" \
    -keyout "$t/wrong-ca.key" -out "$DIR/wrong-ca.pem" >/dev/null 2>&1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$DIR/server.key" -out "$t/server.csr" \
    >/dev/null 2>&1
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$t/ext.cnf"
  openssl x509 -req -in "$t/server.csr" -CA "$DIR/ca.pem" -CAkey "$t/ca.key" -CAcreateserial -days 3650 \
    -extfile "$t/ext.cnf" -out "$DIR/server.pem" >/dev/null 2>&1
  chmod 600 "$DIR/server.key"
}

write_config() {
  cat >"$DIR/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
pidfile $DIR/slapd.pid
argsfile $DIR/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
TLSCACertificateFile $DIR/ca.pem
TLSCertificateFile $DIR/server.pem
TLSCertificateKeyFile $DIR/server.key
loglevel stats

database mdb
suffix "$SUFFIX"
rootdn "$ROOT_DN"
rootpw $ROOT_PW
directory $DIR/db
maxsize 104857600
overlay memberof
memberof-group-oc groupOfNames
memberof-member-ad member
memberof-memberof-ad memberOf
memberof-refint TRUE
# Passwords: only for binding (and changing one's own); the service account reads people and groups.
access to attrs=userPassword
  by self write
  by anonymous auth
  by * none
access to *
  by dn.exact="cn=berth-svc,ou=services,$SUFFIX" read
  by self read
  by users read
  by * none
EOF
}

seed() {
  ldapadd -x -H "ldap://127.0.0.1:$PORT" -D "$ROOT_DN" -w "$ROOT_PW" >/dev/null <<EOF
dn: $SUFFIX
objectClass: dcObject
objectClass: organization
dc: berth
o: Berth test

dn: ou=people,$SUFFIX
objectClass: organizationalUnit
ou: people

dn: ou=groups,$SUFFIX
objectClass: organizationalUnit
ou: groups

dn: ou=services,$SUFFIX
objectClass: organizationalUnit
ou: services

dn: cn=berth-svc,ou=services,$SUFFIX
objectClass: person
cn: berth-svc
sn: service
userPassword: svc-secret-7

dn: uid=alice,ou=people,$SUFFIX
objectClass: inetOrgPerson
uid: alice
cn: Alice Example
sn: Example
mail: alice@berth.test
userPassword: alice-pw-7

dn: uid=bob,ou=people,$SUFFIX
objectClass: inetOrgPerson
uid: bob
cn: Bob Example
sn: Example
userPassword: bob-pw-7

dn: uid=carol,ou=people,$SUFFIX
objectClass: inetOrgPerson
uid: carol
cn: Carol Example
sn: Example
userPassword: carol-pw-7

dn: uid=o\\5cbrien(*),ou=people,$SUFFIX
objectClass: inetOrgPerson
uid: o\\brien(*)
cn: O Brien
sn: Brien
userPassword: obrien-pw-7

dn: cn=ops,ou=groups,$SUFFIX
objectClass: groupOfNames
cn: ops
member: uid=alice,ou=people,$SUFFIX
member: uid=bob,ou=people,$SUFFIX

dn: cn=admins,ou=groups,$SUFFIX
objectClass: groupOfNames
cn: admins
member: uid=alice,ou=people,$SUFFIX
EOF
}

up() {
  install_packages
  if running && answers; then log "slapd already answers on 127.0.0.1:$PORT and :$TLS_PORT"; return 0; fi
  if running; then kill "$(cat "$DIR/slapd.pid")" 2>/dev/null || true; sleep 0.5; fi
  mkdir -p "$DIR"
  make_certs
  write_config
  # The database outlives a restart (entryUUIDs, which Berth links accounts by, stay the same); `reset` wipes it.
  local fresh=no
  if [ ! -f "$DIR/db/seeded" ]; then
    rm -rf "$DIR/db" && mkdir -p "$DIR/db"
    fresh=yes
  fi
  setsid "$SLAPD" -f "$DIR/slapd.conf" -h "ldap://127.0.0.1:$PORT/ ldaps://127.0.0.1:$TLS_PORT/" -d stats \
    >"$DIR/slapd.log" 2>&1 &
  for _ in $(seq 1 100); do
    answers_anon=$(ldapsearch -x -LLL -H "ldap://127.0.0.1:$PORT" -b "" -s base namingContexts 2>/dev/null || true)
    [ -n "$answers_anon" ] && break
    sleep 0.1
  done
  if ! running; then
    log "slapd did not start; log: $DIR/slapd.log"
    tail -20 "$DIR/slapd.log" || true
    exit 1
  fi
  if [ "$fresh" = yes ]; then seed && touch "$DIR/db/seeded"; fi
  answers || { log "slapd answers but the test directory is missing"; exit 1; }
  log "slapd up on ldap://127.0.0.1:$PORT (StartTLS) and ldaps://127.0.0.1:$TLS_PORT (CA $DIR/ca.pem)"
}

down() {
  if running; then
    local pid
    pid=$(cat "$DIR/slapd.pid")
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    log "stopped"
  fi
  rm -f "$DIR/slapd.pid"
}

case "${1:-up}" in
up) up ;;
down) down ;;
reset)
  down
  rm -rf "$DIR/db"
  log "database removed: the next up seeds it again"
  ;;
status)
  if running && answers; then log "up on 127.0.0.1:$PORT / :$TLS_PORT"; else log "down"; exit 1; fi
  ;;
*)
  echo "usage: $0 up|down|reset|status" >&2
  exit 2
  ;;
esac
