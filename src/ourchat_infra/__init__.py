"""The AWS CDK app of ourchat: data, auth, API, edge and monitoring stacks.

The stacks read the route manifest (`ourchat.routes`) and the table definitions
(`ourchat.adapters.dynamodb.tables`), so no key, index, route or table is typed twice.
"""
