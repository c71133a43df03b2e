/** URL masking, every URL form crossed with every place pmig prints or stores a URL (see url-forms.ts). */
import { URL_FORMS } from './url-forms';
import { describeUrlForms } from './url-masking-table';

describeUrlForms('URL masking: every form x every place', URL_FORMS);
