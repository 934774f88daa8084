import { start } from '../shared/bootstrap';
import { Gadget } from './Gadget';

void start(Gadget);
