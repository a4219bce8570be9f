'use strict';
// node-gyp must build against the headers of the running Node (it cannot download any here, and must
// not need to). npm passes its `nodedir` setting as npm_config_nodedir; when that is unset, point it at
// the headers installed beside this node binary (<prefix>/include/node), if they are there.
const fs = require('fs');
const path = require('path');

function nodeHeadersEnv(env = process.env) {
  if (env.npm_config_nodedir) return env;
  const prefix = path.dirname(path.dirname(process.execPath));
  if (fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) return { ...env, npm_config_nodedir: prefix };
  return env;
}

module.exports = { nodeHeadersEnv };
