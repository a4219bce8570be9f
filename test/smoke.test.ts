import { it, expect } from 'vitest';
import * as torch from '../lib/index';
it('loads', () => { expect(torch.getNumThreads()).toBeGreaterThan(0); });
