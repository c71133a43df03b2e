'use strict';
/**
 * A linear chain of revisions with stable ids, so that pmig's and Alembic's projects hold the same
 * graph and a run can be compared with the next.
 */
const { createHash } = require('node:crypto');

/**
 * @param {number} count
 * @returns {{ revision: string, downRevision: string | null, message: string }[]} base first
 */
function revisionChain(count) {
  const chain = [];
  for (let i = 1; i <= count; i++) {
    chain.push({
      // 12 hex characters, as both tools generate them.
      revision: createHash('sha1').update(`pmig-bench-${i}`).digest('hex').slice(0, 12),
      downRevision: i === 1 ? null : chain[i - 2].revision,
      message: `step ${i}`,
    });
  }
  return chain;
}

/** Lower-case words joined by _, as both tools slug a message into a file name. */
function slugify(message) {
  return message.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'revision';
}

module.exports = { revisionChain, slugify };
