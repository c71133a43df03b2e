/** Thrown by op.irreversible(): a downgrade that cannot be done (e.g. a data revision's stub). */
export class IrreversibleError extends Error {}
