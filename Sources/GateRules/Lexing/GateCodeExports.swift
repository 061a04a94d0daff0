// The lexers live in GateCode (what the code defines and imports); every detector file reads tokens, and
// GateRules' clients (tests, `gate rules`) name `SourceLanguage`, so the module is re-exported once here.
@_exported import GateCode
