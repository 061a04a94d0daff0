/// Signed approvals and their stores.
import GateCore
