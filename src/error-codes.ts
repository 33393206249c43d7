/**
 * Every error and rejection code the project emits, each as "what it means — what to do". A code is a stable
 * contract: scripts and dashboards match on it, docs/errors.md lists it (test/error-codes.test.ts keeps the two
 * equal and fails on a code nothing uses). Adding a code is one line here.
 */
export const ERROR_CODES = {
  // Consignment records and input files
  BAD_RECORD: 'a record is not a JSON object — send one object per consignment',
  MISSING_ID: 'a record has no id — give every consignment an id',
  BAD_ID: 'an id is neither text nor a number — send the declaration number as text',
  BAD_TYPE: 'a field has the wrong type (e.g. an object where text belongs) — send the type the field table names',
  BAD_NUMBER: 'a number field (or a numeric mapping setting) holds something else — write a plain number',
  OUT_OF_RANGE: 'a number is outside 0 to 10¹⁵ — correct the value',
  BAD_DATE: 'a date is not a real calendar date in YYYY-MM-DD — write e.g. 2026-03-31',
  BAD_COUNTRY: 'a country is not an ISO 3166 alpha-2 code — write two letters, e.g. CN',
  BAD_HS_CODE: 'an HS code is not 6 to 10 digits — write e.g. 610910 or 6109.10.00',
  TOO_LONG: 'a text field is over 256 characters — shorten it',
  TOO_DEEP: 'an extra attribute nests too deeply — flatten it',
  TOO_MANY_FIELDS: 'a record carries too many extra attributes — send only the attributes rules use',
  BAD_JSON: 'a line, payload or file is not valid JSON — fix the JSON at the line and column named',
  BAD_LINE: 'a CSV line has a different number of columns than the header — check quoting and separators there',
  BAD_CSV: 'a CSV file cannot be parsed — check the quoting on the line named',
  BAD_DECISION: 'a line of a decisions file is not a decision — pass a file written by score or results',
  NO_CONSIGNMENT: 'explain was given no consignment — pass a consignment file, or - for stdin',

  // Queue jobs refused by a worker (published on the rejected queue)
  PAYLOAD_TOO_LARGE: 'a job is over MAX_PAYLOAD_BYTES — split it into smaller batches',
  BAD_PAYLOAD: 'a job is neither a consignment object nor an array of them — send one of the two',
  EMPTY_BATCH: 'a batch job holds no consignment — do not send empty batches',
  BATCH_TOO_LARGE: 'a batch is over BATCH_MAX consignments — send smaller batches (submit --batch)',
  DUPLICATE_ID: 'the same consignment id twice in one batch; the first is decided — send each id once',
  SCORING_FAILED: 'the rule set threw on this record — report it with the record: it is a bug',

  // Mapping files and histories
  BAD_MAPPING: 'a mapping file does not describe a valid mapping — fix the entry at the JSON path named',
  MAPPING_NOT_JSON: 'a mapping file is not JSON — fix the JSON at the line named',
  MAPPING_UNREADABLE: 'a mapping file cannot be read — check the path and its permissions',
  MISSING_COLUMN: 'a column the mapping (or the id) needs is not in the file header — rename the column or map it',
  BAD_OPTION:
    'a command-line option or a createEngine option has a value it cannot take — see --help or docs/library.md',
  TOO_MANY_ERRORS: 'more rows were rejected than --max-errors allows — check the mapping against the header',
  BAD_LABEL: 'an outcome (illicit) value is not 0 or 1 — write 1, 0, or leave it blank when not inspected',

  // Rule sets (rules validate)
  NOT_FOUND: 'a file or directory named on the command line does not exist — check the path',
  EMPTY: 'a rule-set directory holds no *.json file — pass --rules with a rule-set directory or file',
  SCHEMA: 'a rule-set file does not fit the rule-set format — see docs/rule-format.md; the hint lists what is allowed',
  INVALID_RULE_SET: 'a rule set has problems, listed one per line — fix each; the previous rule set keeps serving',
  DUPLICATE_RULE: 'two rules share a name — give each rule its own name',
  THRESHOLDS_ORDER: 'the yellow threshold is above the red one — need 0 ≤ yellow ≤ red ≤ 100',
  THRESHOLDS_DIFFER: 'rule-set files loaded together have different thresholds — give them the same thresholds',
  DATES_ORDER: 'a rule ends (effectiveTo) before it starts (effectiveFrom) — swap or correct the dates',
  BAD_DATES: 'effectiveFrom or effectiveTo is not a real calendar date — write YYYY-MM-DD, e.g. 2026-03-31',
  BAD_CONDITIONS: 'a rule conditions tree does not start with all, any or not — wrap the conditions in {"all": [ … ]}',
  BAD_CONDITION: 'a condition is malformed (not an object, or all/any/not misused) — see docs/rule-format.md',
  EMPTY_CONDITION: 'an all or any is empty, so it always passes — add conditions or remove it',
  UNSUPPORTED: 'a json-rules-engine feature a rule file cannot use — write the conditions inline',
  BAD_PRIORITY: 'a condition priority is not a whole number ≥ 1 — write 1 or more',
  UNKNOWN_PROPERTY: 'a condition has a property json-rules-engine does not know — the hint lists the allowed ones',
  MISSING_PROPERTY: 'a condition lacks fact, operator or value — add it',
  BAD_OPERATOR: 'an operator is not text — write the operator name',
  UNKNOWN_OPERATOR: 'an operator is not one the engine knows — the hint names the closest one',
  BAD_FACT: 'a fact name is empty or not text — write a fact name from targeting features',
  UNKNOWN_FACT: 'a fact is neither built in nor declared — run targeting features, or declare it under "facts"',
  BAD_PATH: 'a fact path is not of the supported form — write $.name.name or $.list[0]',
  BAD_VALUE: 'a condition value does not fit its operator — the message says what the operator needs',
  TYPE_MISMATCH: 'a condition compares a fact with a value of another type, so it never fires — write the fact type',
  BAD_ENGINE: 'an --engine other than compiled or reference — pass one of the two',

  // Rule tests (rules test)
  BAD_RULE_TEST: 'a rule-test file does not fit the rule-test format — see docs/analyst-guide.md',
  DUPLICATE_CASE: 'two rule-test cases share a name — give each case its own name',
  UNKNOWN_RULE: 'a rule test expects a rule the rule set does not have — correct the rule name',
  NOT_SETTABLE: 'a rule test sets a fact computed from the consignment — set the consignment fields instead',
  BAD_RANGE: 'a rule test expects a score range whose min is above its max — swap them',
  BAD_CONSIGNMENT: 'a rule-test consignment does not validate — fix the field named',

  // Rule-set archive (RULES_ARCHIVE)
  BAD_RULESET_ID: 'text that is not a rule-set id — a rule-set id looks like default@0123456789ab',
  NOT_ARCHIVED: 'a rule-set id is not in the archive — pass --rules with its directory or set RULES_ARCHIVE',
  ARCHIVE_MISMATCH: 'an archived rule set no longer hashes to its id: the archive was edited — restore it',
  ARCHIVE_FAILED: 'a rule set cannot be written to the archive — set RULES_ARCHIVE to a writable directory',

  // Watchlists
  BAD_WATCHLIST: 'a watchlist file or entry is malformed — fix the field on the line named',
  DUPLICATE_ENTRY: 'a watchlist lists the same identifier twice — keep one row',
  EXPIRED_ENTRY: 'a watchlist entry is past validUntil and ignored — renew it if the partner confirms, or remove it',

  // Profiles, evaluation and data sets
  BAD_PROFILE: 'a profile file does not have the profile format — rebuild it with targeting profile build',
  PROFILE_UNREADABLE: 'a profile file cannot be read — check the path and its permissions',
  PROFILE_NOT_FOUND: 'the profile a decision names is not where explain looks — pass --profile with the file it used',
  CANNOT_CALIBRATE: 'the training data has only one outcome, so nothing can be fitted — map illicit and give both',
  BAD_SEED: 'a --seed that is not a whole number — pass a whole number',

  // Configuration and start-up
  NO_AUDIT_LOG:
    'audit verify or trim found no audit log under the prefix or stream named — check QUEUE_PREFIX / --stream',
  REDIS_IS_CLUSTER:
    'the Redis server is a cluster node but no cluster is configured — set REDIS_CLUSTER_NODES (or a redis-cluster:// URL)',
  RESERVED_KEY: 'a record carries a key named __proto__, constructor or prototype — rename the attribute',
  REDIS_UNREACHABLE:
    'Redis does not answer at the configured address — start it, or fix REDIS_URL / REDIS_SENTINELS / REDIS_CLUSTER_NODES',
  REDIS_FULL:
    'Redis memory is full (maxmemory): submit stopped, what went in is decided — let workers and readers drain, then submit again',
  REDIS_NOPERM:
    'the Redis ACL user may not use the keys of QUEUE_PREFIX — grant it ~{prefix}* and the commands BullMQ needs',
  REDIS_TLS:
    'the TLS handshake with Redis failed (certificate or host name) — set NODE_EXTRA_CA_CERTS to the CA, or fix REDIS_URL',
  BAD_TARGET_RATE: 'evaluate --target-rate is not a share between 0 and 50 % — write e.g. 5%',
  BAD_MODEL: 'a model file does not pass validation at the JSON path named — retrain or re-import it',
  MODEL_ID_MISMATCH: 'a model file does not hash to its id (edited or truncated) — restore it or retrain',
  MODEL_UNREADABLE: 'a model file cannot be read or parsed — check the path, or whether it was cut short',
  MODEL_MAPPING_MISMATCH:
    'the model was trained on another mapping than the one in use — pass the mapping it was trained with',
  UNKNOWN_MODEL_FEATURE:
    'a model feature is no fact the rules know (nor a mapping column) — map the column, or retrain',
  BAD_LIGHTGBM_MODEL:
    'a LightGBM model file is not a binary gbdt/rf text model this importer reads — save it with save_model()',
  MODEL_UNWRITABLE: 'a model file cannot be written — check the --out directory and its permissions',
  NO_USERS:
    'the console has no user yet — add an admin: targeting console user add NAME --role admin (password on stdin)',
  NO_SUCH_USER: 'no console user of that name — targeting console user list shows them',
  BAD_ROLE: 'a console role is not officer, analyst or admin — use one of the three',
  WEAK_PASSWORD: 'a console password is too short — use at least 12 characters',
  BAD_USERS_FILE: 'the console users file is not valid — fix it or remove the entry named (CONSOLE_USERS_FILE)',
  CONSOLE_TLS:
    'the console would listen beyond loopback without TLS — give --cert and --key, or --insecure on a trusted network',
  CONSOLE_PORT: 'the console cannot listen on that address and port — pick a free port (--port) or another --host',
  BAD_USER: 'a console user name is not valid — letters, digits, dot, dash and underscore',
  NO_OFFICE: 'an officer needs at least one office — add --office CODE',
  BAD_FUNCTION:
    'a declaration function code is not one this engine reads (original 9, amendment 13, cancellation 1) — check FunctionCode',
  BAD_ITEM: 'a goods item is not a JSON object — send each item as an object',
  BAD_ITEMS: 'a declaration\'s "items" is not a list — send items as an array of goods items',
  BAD_ITEM_NUMBER: 'an item number is not a whole number from 1 — number the goods items 1, 2, 3…',
  DUPLICATE_ITEM: 'two goods items of one declaration share an item number — number each item once',
  HEADER_FIELD_IN_ITEM: 'a goods item carries a header field (importer, office…) — move it to the declaration header',
  MISSING_MESSAGE: 'an amendment does not name the message it amends — give its functional reference',
  NO_ITEMS: 'a declaration has no goods item — a declaration is decided on its items',
  TOO_MANY_ITEMS: 'a declaration has more goods items than allowed — split it, or raise the limit',
  NOT_A_DECLARATION:
    'an XML message is not a WCO DEC declaration (WCOTypeName, no Declaration element) — send DEC messages',
  NOT_ROWS: 'a file holds no records in the format given — check --format and the file',
  DECLARATION_NOT_ADJACENT:
    'the rows of one declaration are not next to each other in the CSV — sort the file by declaration id',
  CANCELLATION_RECORDED: 'a cancellation message was recorded, not scored — nothing to do',
  BAD_XML: 'an XML file is malformed at the line named — fix the XML (an unclosed tag, a stray character)',
  XML_DTD: 'an XML file carries a DTD or entity declarations, which are refused — send the message without a DOCTYPE',
  XML_TEXT_TOO_LARGE: 'an XML text node is over the limit — a declaration field is never that long: check the file',
  XML_TOO_LARGE: 'an XML message is over the size limit — split the file into messages',
  XML_WRONG_NAMESPACE: 'an XML element is not in the WCO Data Model namespace a DEC message uses — check xmlns',
  CANNOT_TRAIN:
    'the history has no labelled rows of both outcomes — give inspected declarations, illicit and compliant',
  CANNOT_VALIDATE: 'the history has no dated rows to hold out the last months for validation — give dates',
  DANFOJS_MISSING: 'building a profile needs danfojs-node, an optional peer dependency — npm install danfojs-node',
  BAD_CONFIG: 'a setting has a value it cannot take; every bad setting is listed — fix each (targeting worker --help)',
  BAD_REDIS_URL: 'REDIS_URL is not a redis:// or rediss:// URL — write e.g. redis://127.0.0.1:6379',
  REDIS_AUTH: 'Redis refused the credentials — check the user and password in REDIS_URL',
  BAD_CAPACITY: 'a capacity is not a share of the day such as 5% — write a percentage above 0 and up to 100',
  BAD_COUNT: 'a setting that counts things is not a whole number — write a whole number',
  BAD_DURATION: 'a duration setting has no unit — write e.g. 45s, 30m, 12h, 90d',
  BAD_PURPOSE: 'the purpose file cannot be read or names unknown fields — see docs/protection.md',
  MISSING_KEY: 'the pseudonymisation key variable is not set — set it to the key agreed with the partner',
  WEAK_KEY: 'the pseudonymisation key is too short — generate one with openssl rand -hex 32',
  OPS_PORT: 'the metrics server cannot listen on METRICS_PORT — choose a free port, or 0 for any',
  DASHBOARD_PORT: 'the dashboard cannot listen on its port — choose a free port with --port',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CODES;
