// Atlaskit asks Atlassian's feature-gate client about its platform flags and warns on every check
// when no product registered a resolver; inside a Forge iframe there is none, so every flag is off.
// Imported first by main.tsx so the resolver is in place before any component renders.
import { setBooleanFeatureFlagResolver } from '@atlaskit/platform-feature-flags';

setBooleanFeatureFlagResolver(() => false);
