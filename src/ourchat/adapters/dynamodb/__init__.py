"""The DynamoDB store adapter (boto3) and the table definitions shared with the CDK app."""
