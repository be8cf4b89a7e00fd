"""ourchat: real-time group chat on API Gateway WebSockets, Lambda and DynamoDB."""
