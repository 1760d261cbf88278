// Preloaded into a host a test starts (NODE_OPTIONS=--require): when the process exits, writes the
// files Node's CommonJS loader has loaded (the npm packages, node-forge and xml-crypto among them)
// to the file named by LOADED_MODULES_OUT.
const { writeFileSync } = require('node:fs');

process.on('exit', () => writeFileSync(process.env.LOADED_MODULES_OUT, JSON.stringify(Object.keys(require.cache))));
