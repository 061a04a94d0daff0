/// The libpq wrapper: connections, parameterised queries, transactions and SQLSTATE errors.
import CLibpq
