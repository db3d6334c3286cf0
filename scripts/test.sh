#!/usr/bin/env bash
# Runs the whole test suite (unit, in-process integration and end-to-end tests).
#
# The tests need real DNS peers from Debian: dig (bind9-dnsutils) is the client the end-to-end
# tests type, unbound the upstream the forwarding tests run against, kdig (knot-dnsutils) the
# DNS over TLS and HTTPS client, and openssl makes the certificates those tests use. Run as root, this
# script installs what is missing; otherwise it stops and names the missing packages.
set -euo pipefail
cd "$(dirname "$0")/.."

required_packages=(bind9-dnsutils unbound knot-dnsutils openssl)

missing=()
for package in "${required_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} > 0)); then
    if [[ $(id -u) -eq 0 ]]; then
        echo "installing test dependencies: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # policy-rc.d 101: install unbound without starting a system-wide resolver on port 53
        policy=/usr/sbin/policy-rc.d
        created_policy=false
        if [[ ! -e $policy ]]; then
            printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created_policy=true
        fi
        apt-get install -y -qq --no-install-recommends "${missing[@]}"
        if $created_policy; then rm -f "$policy"; fi
    else
        echo "the tests need these Debian packages: ${missing[*]}" >&2
        echo "install them with: sudo apt-get install ${missing[*]}   (or run this script as root)" >&2
        exit 1
    fi
fi

for tool in java mvn; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed: the build needs a JDK 17 and Maven" >&2; exit 1; }
done

# Keep the AWS SDK away from the instance metadata service in every JVM the tests start.
export AWS_EC2_METADATA_DISABLED=true
exec mvn -B verify "$@"
