"""What people do with needs and shifts, one module per noun: each function is one
action in one transaction, telling whoever it affects."""
