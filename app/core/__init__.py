"""What every area of Sabha shares: permissions, audit, errors, Bangla, documents."""
