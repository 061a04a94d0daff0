/// The deploy pipeline: ordered steps, ledger, lock and retry classification.
import GateCore
