// torch.autograd: grad, backward, custom Function, gradcheck.
export { grad, backward } from './grad';
export { Function, FunctionCtx } from './function';
export { gradcheck } from './gradcheck';
export type { GradcheckOptions } from './gradcheck';
