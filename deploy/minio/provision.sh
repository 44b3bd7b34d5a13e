#!/bin/sh
# Run once by compose's minio-init (the minio/mc image) with the MinIO root key: the evidence
# bucket with Object Lock and a default COMPLIANCE retention, and the evidence service's own
# least-privilege user (scripts/s3/provision-bucket.sh does the same on radosgw). Idempotent.
set -eu
mc alias set jir http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"
mc mb --ignore-existing --with-lock jir/jir-evidence
mc retention set --default COMPLIANCE 25550d jir/jir-evidence
mc admin policy create jir jir-evidence /provision/evidence-policy.json
mc admin user add jir "$EVIDENCE_S3_ACCESS_KEY" "$EVIDENCE_S3_SECRET_KEY"
mc admin policy attach jir jir-evidence --user "$EVIDENCE_S3_ACCESS_KEY" || true
