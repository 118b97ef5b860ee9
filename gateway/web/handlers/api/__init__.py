"""The integration API's HTTP surface (/api/v1, issue #16): records, merits, the contract."""
