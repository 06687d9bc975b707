/** The config namespace of every setting of this program: `datasharing:<key>`. */
export const NAMESPACE = "datasharing";
