"""The SQS FIFO queue that carries large fan-outs to the fan-out consumer."""
