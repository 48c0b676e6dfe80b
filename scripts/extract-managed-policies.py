"""Regenerates data/aws-managed-policies.json: the few AWS-managed policy documents supportguard needs
when an account export lacks them (the AWS CLI includes only the AWS-managed policies that are attached).

Source: moto's copy of the AWS-managed policies (Apache-2.0), which mirrors the documents AWS publishes.
Run: python3 scripts/extract-managed-policies.py
"""
import json
from moto.iam import aws_managed_policies as m

WANTED = ['AWSSupportAccess', 'AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess', 'SupportUser', 'ViewOnlyAccess']
data = json.loads(m.aws_managed_policies_data)
out = {}
for name in WANTED:
    p = data[name]
    path = p.get('Path', '/')
    out[f"arn:aws:iam::aws:policy{path}{name}"] = {'name': name, 'versionId': p['DefaultVersionId'], 'document': p['Document']}
with open('data/aws-managed-policies.json', 'w') as f:
    json.dump({'source': 'moto ' + __import__('moto').__version__ + ' aws_managed_policies', 'policies': out}, f, separators=(',', ':'))
    f.write('\n')
