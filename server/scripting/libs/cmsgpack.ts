/** The `cmsgpack` library (placeholder until implemented). */
import { lua, type LuaCFunction } from '../lua.js';

export const openCmsgpack: LuaCFunction = (L) => {
  lua.lua_newtable(L);
  return 1;
};
