// Every op, for Tensor's methods and the public namespace.
export * from './creation';
export * from './shape';
export * from './pointwise';
export * from './reduce';
export * from './indexing';
export * from './linalg';
export * from './inplace';
export { contiguousData } from './kernels';
