#!/usr/bin/env bash
# Creates (or re-asserts) an evidence bucket as the ADMIN user, so that the
# evidence service's own key never owns it: Object Lock on, a default
# COMPLIANCE retention, and a bucket policy giving the service user only what
# it needs (R-EV-3). Idempotent. Uses curl's SigV4 (no other S3 client needed).
# Usage: provision-bucket.sh BUCKET [DEFAULT_RETENTION_DAYS]
# env: S3_ENDPOINT, S3_ADMIN_ACCESS_KEY, S3_ADMIN_SECRET_KEY, S3_SERVICE_USER (radosgw uid of the service key)
#
# Measured on radosgw 16.2 (Debian 12), which is why the policy looks as it does:
# - retain-until dates are kept as 32-bit seconds: anything after 2106-02-07T06:28:15Z
#   wraps to 1970+ and the version becomes deletable; so the default period must end
#   before then (70 years by default, checked by the service at start);
# - an Allow of s3:PutObject also lets the principal change retention and legal
#   hold (PutObjectRetention/PutObjectLegalHold) unless they are explicitly denied;
#   with a wrapping date that "extension" is a shortening, so they are denied here;
# - lock headers on a multipart upload are ignored: such versions get the default.
set -euo pipefail
B=${1:?usage: provision-bucket.sh BUCKET [DEFAULT_RETENTION_DAYS]}; DAYS=${2:-25550}
: "${S3_ENDPOINT:?}" "${S3_ADMIN_ACCESS_KEY:?}" "${S3_ADMIN_SECRET_KEY:?}" "${S3_SERVICE_USER:?}"
s3() { # method path [curl args...]: fails on any non-2xx with the server's answer on stderr
  local m=$1 p=$2; shift 2; local out code
  out=$(curl -sS --aws-sigv4 "aws:amz:us-east-1:s3" --user "$S3_ADMIN_ACCESS_KEY:$S3_ADMIN_SECRET_KEY" \
    -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' -X "$m" -w '\n%{http_code}' "$@" "$S3_ENDPOINT/$p")
  code=${out##*$'\n'}
  [[ $code == 2* ]] || { echo "S3 $m /$p answered $code: ${out%$'\n'*}" >&2; return 1; }
}
s3 PUT "$B" -H 'x-amz-bucket-object-lock-enabled: true'
LOCK="<ObjectLockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>COMPLIANCE</Mode><Days>$DAYS</Days></DefaultRetention></Rule></ObjectLockConfiguration>"
s3 PUT "$B?object-lock=" -H "Content-MD5: $(printf %s "$LOCK" | openssl md5 -binary | base64)" --data-binary "$LOCK"
P="arn:aws:iam:::user/$S3_SERVICE_USER"
POLICY=$(cat <<JSON
{"Version":"2012-10-17","Statement":[
 {"Sid":"ServiceBucket","Effect":"Allow","Principal":{"AWS":["$P"]},
  "Action":["s3:ListBucket","s3:ListBucketVersions","s3:ListBucketMultipartUploads","s3:GetBucketObjectLockConfiguration","s3:GetBucketVersioning"],
  "Resource":["arn:aws:s3:::$B"]},
 {"Sid":"ServiceObjects","Effect":"Allow","Principal":{"AWS":["$P"]},
  "Action":["s3:PutObject","s3:GetObject","s3:GetObjectVersion","s3:GetObjectRetention","s3:GetObjectLegalHold","s3:AbortMultipartUpload","s3:ListMultipartUploadParts"],
  "Resource":["arn:aws:s3:::$B/*"]},
 {"Sid":"NeverChangeTheLock","Effect":"Deny","Principal":{"AWS":["$P"]},
  "Action":["s3:PutBucketObjectLockConfiguration","s3:PutObjectRetention","s3:PutObjectLegalHold","s3:BypassGovernanceRetention",
            "s3:DeleteObject","s3:DeleteObjectVersion","s3:DeleteBucket","s3:PutBucketPolicy","s3:DeleteBucketPolicy",
            "s3:PutBucketVersioning","s3:PutLifecycleConfiguration","s3:PutBucketAcl","s3:PutObjectAcl","s3:PutObjectVersionAcl"],
  "Resource":["arn:aws:s3:::$B","arn:aws:s3:::$B/*"]}
]}
JSON
)
s3 PUT "$B?policy=" --data-binary "$POLICY"
